"""Process packs: one YAML file per support process, validated, loaded and run."""
