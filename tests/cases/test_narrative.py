"""cases.narrative: « de » and « à » before a name, elided or contracted as French writes them."""

import pytest

from cases.narrative import after_a, after_de


@pytest.mark.parametrize("name, expected", [
    ("Lyon", "de Lyon"), ("Angers", "d’Angers"), ("Orléans", "d’Orléans"), ("Annecy", "d’Annecy"),
    ("Le Mans", "du Mans"), ("Les Sables-d’Olonne", "des Sables-d’Olonne"), ("La Rochelle", "de La Rochelle"),
    ("Établissements Garnier", "d’Établissements Garnier"), ("Élec Fournitures Picard", "d’Élec Fournitures Picard"),
    ("Emballages du Val de Saône", "d’Emballages du Val de Saône"), ("Ondulés Garnier", "d’Ondulés Garnier"),
    ("Usinage Roche", "d’Usinage Roche"), ("Aubert et Fils", "d’Aubert et Fils"), ("EARL Morel", "d’EARL Morel"),
    # h muet (our data's words) and h aspiré
    ("Habillement de l’Ouest", "d’Habillement de l’Ouest"), ("Hélène Morel", "d’Hélène Morel"),
    ("Hervé Baron", "d’Hervé Baron"), ("Haute-Savoie", "de Haute-Savoie"), ("Haute-Garonne", "de Haute-Garonne"),
    # y sounded as a vowel, or as a consonant before a vowel
    ("Yvetot", "d’Yvetot"), ("Yves Colin", "d’Yves Colin"), ("Yannick Besson", "de Yannick Besson"),
    ("Mercier Bâtiment", "de Mercier Bâtiment"), ("Me Anne Perrin", "de Me Anne Perrin"),
    ("le tribunal de commerce de Nantes", "du tribunal de commerce de Nantes"),
])
def test_after_de_elides_and_contracts(name, expected):
    assert after_de(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Lyon", "à Lyon"), ("Angers", "à Angers"), ("Le Mans", "au Mans"), ("Les Sables-d’Olonne", "aux Sables-d’Olonne"),
    ("La Rochelle", "à La Rochelle"), ("Liège (Belgique)", "à Liège (Belgique)"),
])
def test_after_a_contracts(name, expected):
    assert after_a(name) == expected
