"""The first pack loaded becomes the default (organisations without a pack); ``--default``
moves the mark."""

import pytest

from atiende.packs.models import Pack
from tests.packs.runtime_support import edited, load

pytestmark = pytest.mark.django_db

OTHER = ("name: desk\n", "name: other\n")


def test_it_makes_the_first_pack_the_default_and_not_the_second():
    load()
    load(edited(*OTHER))

    assert list(Pack.objects.filter(is_default=True).values_list("name", flat=True)) == ["desk"]


def test_it_moves_the_default_on_request():
    load()

    result = load(edited(*OTHER), make_default=True)

    assert result.pack.is_default
    assert list(Pack.objects.filter(is_default=True).values_list("name", flat=True)) == ["other"]
    assert load(make_default=True).changes == ["~ pack desk: default"]
