"""The case as an XLSX "grille d'analyse", so a trainee can work on it in a spreadsheet as at work.

Sheets: "Présentation" (identity and narrative), "Bilan" (actif then passif), "Compte de résultat" (when the
case has accounts) and "Grille" (what to compute or choose, with the trainee's draft answers). Built from the
public case only: the workbook never holds an expected answer.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from simulator.grading import answer_at
from simulator.presentation import answer_text, identity
from simulator.statements import Statement, statements

AMOUNT_FORMAT = "#,##0;-#,##0;0"
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
_TITLE_FONT = Font(bold=True, size=13)
_BOLD = Font(bold=True)
_GRID_NOTE = ("Calculez dans ce classeur si vous le souhaitez, puis reportez vos réponses dans le formulaire du "
              "cas en ligne : seules ces dernières sont corrigées. Un ratio non significatif se note n/s.")


def case_workbook(case: Mapping[str, Any], fields: Sequence[Mapping[str, Any]],
                  submission: Mapping[str, Any]) -> bytes:
    """The grille d'analyse of a public case (`kind.public_case`) with the answers of `submission`."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _presentation_sheet(writer, case)
        tables = {table.slug: table for table in statements(case)}
        if tables:
            _statements_sheet(writer, "Bilan", [tables["actif"], tables["passif"]])
            _statements_sheet(writer, "Compte de résultat", [tables["resultat"]])
        _grid_sheet(writer, fields, submission)
    return buffer.getvalue()


def _presentation_sheet(writer: pd.ExcelWriter, case: Mapping[str, Any]) -> None:
    rows = [*identity(case)]
    if case.get("years"):
        rows.append(("Exercices", ", ".join(str(year) for year in case["years"])))
    frame = pd.DataFrame(rows, columns=["Rubrique", "Valeur"])
    frame.to_excel(writer, sheet_name="Présentation", index=False, startrow=2)
    sheet = writer.sheets["Présentation"]
    sheet["A1"] = (case.get("company") or {}).get("name") or "Cas pratique"
    sheet["A1"].font = _TITLE_FONT
    row = len(rows) + 5
    for paragraph in str(case.get("narrative") or "").split("\n\n"):
        if paragraph.strip():
            sheet.cell(row=row, column=1, value=paragraph.strip()).alignment = Alignment(wrap_text=True,
                                                                                        vertical="top")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            sheet.row_dimensions[row].height = 15 * (1 + len(paragraph) // 95)
            row += 1
    _style_header(sheet, 3, 2)
    _widths(sheet, [28, 80])


def _statements_sheet(writer: pd.ExcelWriter, name: str, tables: Sequence[Statement]) -> None:
    start = 0
    for table in tables:
        width = len(table.columns)
        frame = pd.DataFrame(  # a line without a value for every column (a title line) is padded with blanks
            [[line.label, line.code, *line.values, *[None] * (width - len(line.values))] for line in table.lines],
            columns=["Poste", "Codes", *table.columns])
        frame.to_excel(writer, sheet_name=name, index=False, startrow=start + 1)
        sheet = writer.sheets[name]
        sheet.cell(row=start + 1, column=1, value=table.title).font = _TITLE_FONT
        header = start + 2
        _style_header(sheet, header, len(frame.columns))
        for offset, line in enumerate(table.lines, start=1):
            row = header + offset
            for column in range(3, len(frame.columns) + 1):
                sheet.cell(row=row, column=column).number_format = AMOUNT_FORMAT
            if line.kind in ("heading", "total"):
                for column in range(1, len(frame.columns) + 1):
                    sheet.cell(row=row, column=column).font = _BOLD
            elif line.kind == "detail":
                sheet.cell(row=row, column=1).alignment = Alignment(indent=2)
        start = header + len(table.lines) + 2
    sheet.freeze_panes = "C3"
    _widths(sheet, [58, 12, *[15] * (len(frame.columns) - 2)])


def _grid_sheet(writer: pd.ExcelWriter, fields: Sequence[Mapping[str, Any]], submission: Mapping[str, Any]) -> None:
    rows = []
    for field in fields:
        given = answer_at(submission, field["id"])
        options = " ; ".join(str(option["label"]) for option in field.get("options") or [])
        rows.append([field.get("group") or "", field["label"], field.get("unit") or "", options,
                     answer_text(field, given) if isinstance(given, (str, list)) and given else ""])
    frame = pd.DataFrame(rows, columns=["Rubrique", "À calculer ou à choisir", "Unité", "Réponses possibles",
                                        "Votre réponse"])
    frame.to_excel(writer, sheet_name="Grille", index=False, startrow=2)
    sheet = writer.sheets["Grille"]
    sheet["A1"] = "Grille d’analyse"
    sheet["A1"].font = _TITLE_FONT
    sheet["A2"] = _GRID_NOTE
    _style_header(sheet, 3, len(frame.columns))
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(rows)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C4"
    _widths(sheet, [18, 48, 9, 60, 28])


def _style_header(sheet: Worksheet, row: int, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
