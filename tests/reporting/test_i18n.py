from __future__ import annotations

import re
import string

import pytest

from aimaq.errors import ValidationError
from aimaq.reporting.i18n import LANGUAGES, Messages, catalogue, check_lang


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_three_catalogues_have_the_same_keys() -> None:
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    assert keys["kk"] == keys["ru"] == keys["en"]
    assert len(keys["en"]) > 100


def test_placeholders_match_across_languages() -> None:
    for key, english in catalogue("en").items():
        for lang in ("kk", "ru"):
            assert _fields(catalogue(lang)[key]) == _fields(english), (lang, key)


def test_no_message_is_left_untranslated() -> None:
    en = catalogue("en")
    kk, ru = catalogue("kk"), catalogue("ru")
    # units and symbols may coincide; sentences may not
    sentences = [k for k, v in en.items() if len(v.split()) >= 3]
    assert sentences
    for key in sentences:
        if not re.search("[A-Za-z]{3}", re.sub(r"\{[a-z_]+\}", "", en[key])):
            continue  # a pattern of placeholders only
        assert kk[key] != en[key] and ru[key] != en[key], key
        assert kk[key] != ru[key], key


def test_the_kazakh_catalogue_is_kazakh() -> None:
    text = "".join(catalogue("kk").values())
    # every specifically Kazakh lower-case letter but the rare һ occurs in the labels
    assert set("әғқңөұүі") <= set(text), sorted(set("әғқңөұүі") - set(text))


def test_numbers_follow_the_language() -> None:
    assert Messages("en").number(1234567.25, 2) == "1,234,567.25"
    assert Messages("ru").number(1234567.25, 2) == "1 234 567,25"
    assert Messages("kk").number(-0.5, 1) == "-0,5"
    assert Messages("en").number(float("nan")) == "–"
    assert Messages("en").number(None) == "–"


def test_unknown_language_and_key_are_reported() -> None:
    with pytest.raises(ValidationError, match="lang: must be one of kk, ru, en; got 'de'"):
        check_lang("de")
    with pytest.raises(KeyError, match=re.escape("no message 'nope' in locales/ru.yaml")):
        Messages("ru")("nope")


def test_units_are_translated_and_unknown_units_pass_through() -> None:
    assert Messages("ru").unit("million KZT") == "млн тенге"
    assert Messages("kk").unit("million KZT") == "млн теңге"
    assert Messages("kk").unit("furlongs") == "furlongs"
