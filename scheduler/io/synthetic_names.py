"""Realistic multinational names for synthetic agents, non-ASCII letters included on purpose."""

from __future__ import annotations

import unicodedata

import numpy as np

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "de": ("Matthias", "Anna", "Jürgen", "Zoë", "Lena", "Jörg", "Sophie", "Lukas", "Hanna", "Björn", "Käthe",
           "Fatma", "Emre", "Maximilian", "Greta", "Sören", "Mia", "Torben", "Ülkü", "Felix"),
    "nl": ("Sanne", "Daan", "Bram", "Eline", "Joëlle", "Thijs", "Floor", "Sven", "Maaike", "Noor", "Ruud", "Fleur"),
    "pt": ("João", "Inês", "Gonçalo", "Ana", "Beatriz", "Tomás", "Mariana", "Rúben", "Leonor", "Sérgio", "Luís",
           "Matilde"),
    "fr": ("Noël", "Zoë", "Hélène", "François", "Amélie", "Théo", "Léa", "Jérôme"),
    "en": ("Siobhán", "Aoife", "Seán", "Ciarán", "Emma", "Niamh", "Oisín", "Ruth"),
    "pl": ("Łukasz", "Małgorzata", "Zofia", "Paweł", "Agnieszka", "Wojciech", "Józef", "Bożena"),
    "es": ("José", "Begoña", "Íñigo", "Nuria", "Álvaro", "Lucía", "Martín", "Sofía"),
    "el": ("Eleni", "Giorgos", "Dimitra", "Nikos", "Katerina", "Kostas"),
    "fi": ("Aino", "Väinö", "Eetu", "Sanni", "Jyri", "Säde"),
    "bg": ("Ana", "Ivan", "Petya", "Georgi", "Radostina", "Boyan"),
    "ro": ("Ioana", "Andrei", "Mădălina", "Ștefan", "Raluca", "Mihai"),
    "et": ("Mari", "Jüri", "Kadri", "Tõnu", "Liis", "Märt"),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "de": ("Müller", "Eilhard", "Schröder", "Weiß", "Groß", "Becker", "Hoffmann", "Yılmaz", "Öztürk", "Krämer",
           "Schäfer", "Köhler", "Wagner", "Brüggemann", "Große-Kleimann", "Lütke"),
    "nl": ("de Vries", "van den Berg", "Bakker", "Jansen", "Visser", "Smit", "van Dijk", "Meijer", "de Jong"),
    "pt": ("Gonçalves", "Simões", "Araújo", "Conceição", "Magalhães", "Silva", "Brandão", "Sá", "Lobão",
           "Carvalho"),
    "fr": ("Lefèvre", "Dubois", "Bérénger", "Moreau", "Girard", "Lemaître"),
    "en": ("O'Brien", "Ní Bhriain", "Murphy", "Kelly", "Ó Súilleabháin", "Byrne"),
    "pl": ("Wójcik", "Kowalczyk", "Dąbrowski", "Lewandowska", "Nowak", "Zieliński"),
    "es": ("Muñoz", "Gómez", "Peña", "Ibáñez", "Núñez", "Martínez"),
    "el": ("Papadopoulou", "Georgiou", "Oikonomou", "Nikolaidis"),
    "fi": ("Mäkinen", "Virtanen", "Häkkinen", "Järvinen"),
    "bg": ("Lozanova", "Ivanov", "Petrova", "Dimitrov"),
    "ro": ("Popescu", "Ionescu", "Năstase", "Țurcanu"),
    "et": ("Tamm", "Saar", "Põder", "Mägi"),
}


def pick_name(rng: np.random.Generator, language: str) -> str:
    """Mostly names of the site's language, one in four from anywhere: centres are multinational."""
    if language not in FIRST_NAMES or rng.random() < 0.25:
        languages = sorted(FIRST_NAMES)
        language = languages[int(rng.integers(len(languages)))]
    first = FIRST_NAMES[language][int(rng.integers(len(FIRST_NAMES[language])))]
    last = LAST_NAMES[language][int(rng.integers(len(LAST_NAMES[language])))]
    return f"{first} {last}"


def email_for(name: str, code: str, domain: str = "example.org") -> str:
    """ASCII mailbox from a name: 'Zoë Müller', 'MS-014' -> 'zoe.muller.ms014@example.org'."""
    folded = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    ascii_name = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == " ")).lower()
    return f"{'.'.join(ascii_name.split())}.{code.lower().replace('-', '')}@{domain}"
