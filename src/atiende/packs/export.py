"""A loaded pack written back as YAML: loading the export changes nothing.

The export is the canonical data the loader stored (``Pack.spec``, what
``PackSpec.to_yaml_data()`` gave): durations written as ``"1h30m"``, ``24x7`` calendars
expanded, defaults filled in. Comments of the original file are not kept; the source text of
every version is (``PackVersion.source``).
"""

import yaml

from atiende.packs.models import Pack


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def export_pack(pack: Pack) -> str:
    """The YAML text of ``pack`` as loaded (its current version)."""
    header = (
        f"# Process pack {pack.name}, version {pack.version}, exported from the desk.\n"
        f"# Digest {pack.digest}. Comments of the loaded file are in its stored source.\n"
    )
    body = yaml.dump(
        pack.spec,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return header + body
