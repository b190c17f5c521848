"""The checker's reader on hostile input: one line each, never a traceback, never an endless read."""

import pytest

from hubscope.claims import DocumentError, read_document
from hubscope.claims import document as doc_module


@pytest.mark.parametrize("path,message", [("/dev/zero", "not a regular file"), ("/tmp", "a directory"),
                                          ("/no/such/report.md", "no such file")])
def test_what_is_not_a_report_file_is_refused_without_reading_it(path, message):
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_standard_input_has_the_same_size_limit_as_a_file(cli, monkeypatch):
    monkeypatch.setattr(doc_module, "MAX_BYTES", 1000)
    result = cli("check", "-", input="3.4% " * 1000)
    assert result.exit_code == 1
    assert "<stdin>: larger than the" in result.output and "Traceback" not in result.output


def test_a_file_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_module, "MAX_BYTES", 1000)
    big = tmp_path / "big.md"
    big.write_text("Japan spent 3.4% of GDP on R&D in 2022. " * 100)
    with pytest.raises(DocumentError, match="big.md: larger than the"):
        read_document(big)


def test_a_sentence_longer_than_the_tokenizer_takes_is_checked(cli, tmp_path):
    # SudachiPy refuses more than 49,149 bytes at once; one unbroken run of kanji used to be a traceback
    text = tmp_path / "long.txt"
    text.write_text("日本の研究開発費は2022年に3.4%であった" + "漢" * 60_000, encoding="utf-8")
    result = cli("check", str(text))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "3.4%" in result.output


CRAFTED = [b"%PDF-1.7\n" + b"[" * 50_000, b"%PDF-1.4\n1 0 obj << /Type /Pages /Count 99999999 >>\n",
           b"%PDF-1.4\n%%EOF", b"%PDF" + bytes(range(256)) * 40]


@pytest.mark.parametrize("payload", CRAFTED)
def test_a_crafted_pdf_is_a_one_line_error(cli, tmp_path, payload):
    pdf = tmp_path / "crafted.pdf"
    pdf.write_bytes(payload)
    result = cli("check", str(pdf))
    assert result.exit_code == 1, result.output
    assert "crafted.pdf" in result.output and "Traceback" not in result.output
