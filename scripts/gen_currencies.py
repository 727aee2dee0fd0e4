#!/usr/bin/env python3
"""Generates data/lexicon/currencies.toml: every current ISO 4217 currency with its code and the
words a news article writes after an amount ("300 million taka", "2.3 million cedis").

Input: pycountry 26.2.16 (ISO 4217 data from Debian's iso-codes, LGPL-2.1+). Hand-curated
entries in data/lexicon/units.toml (symbols like "$", "R$", regional spellings) take precedence:
the extractor reads them first and skips generated entries for the same code.

    pip install pycountry==26.2.16 && python3 scripts/gen_currencies.py > data/lexicon/currencies.toml

Bare words that are common English after a number, or that several currencies share, are left
out; codes that read as words or acronyms ("COP 28", "TOP 10") are not symbols.
"""
import pycountry

# Plurals that English news uses and a rule cannot guess; invariant nouns map to themselves.
PLURALS = {
    "taka": "taka", "naira": "naira", "yen": "yen", "yuan": "yuan", "won": "won", "rand": "rand",
    "baht": "baht", "kip": "kip", "riel": "riel", "dong": "dong", "rupiah": "rupiah",
    "ringgit": "ringgit", "kyat": "kyat", "tugrik": "tugrik", "ngultrum": "ngultrum",
    "rufiyaa": "rufiyaa", "kwanza": "kwanzas", "real": "reais", "zloty": "zlotys",
    "koruna": "korunas", "krona": "kronor", "krone": "kroner", "króna": "krónur", "lev": "leva",
    "leu": "lei", "lek": "lekë", "manat": "manats", "som": "som", "somoni": "somoni",
    "tenge": "tenge", "lari": "lari", "dram": "drams", "hryvnia": "hryvnias", "ruble": "rubles",
    "peso": "pesos", "colon": "colones", "bolivar": "bolivars", "sol": "soles", "guarani": "guaranies",
    "cedi": "cedis", "dalasi": "dalasis", "leone": "leones", "kwacha": "kwacha", "pula": "pula",
    "loti": "maloti", "lilangeni": "emalangeni", "ariary": "ariary", "ouguiya": "ouguiyas",
    "nakfa": "nakfa", "birr": "birr", "shilling": "shillings", "franc": "francs", "dinar": "dinars",
    "dirham": "dirhams", "rial": "rials", "riyal": "riyals", "pound": "pounds", "dollar": "dollars",
    "rupee": "rupees", "lira": "lira", "afghani": "afghanis", "forint": "forints", "denar": "denars",
    "mark": "marks", "gourde": "gourdes", "lempira": "lempiras", "quetzal": "quetzales",
    "cordoba": "cordobas", "balboa": "balboas", "vatu": "vatu", "tala": "tala", "kina": "kina",
    "pa'anga": "pa'anga", "pataca": "patacas", "escudo": "escudos", "dobra": "dobras",
    "metical": "meticais", "euro": "euros",
}
PLURALS.update({"gold": "gold", "som": "som", "boliviano": "bolivianos", "florin": "florins",
                "guilder": "guilders", "renminbi": "renminbi", "sterling": "sterling"})
# Words that are everyday English after a number too ("30 won", "5 sum", "2 real", "two drams of whisky"): never
# generated bare; the country-qualified form ("Convertible marks") still is.
UNSAFE = {"mark", "real", "sol", "som", "sum", "pound", "dollar", "unit", "gold", "silver", "sucre",
          "won", "colon", "oro", "dram"}
# Funds, metals, bond units, test codes and accounting units: not money a story states.
SKIP_CODES = {"XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA",
              "BOV", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "CHE", "CHW", "XAD"}
# Codes that are also English words or common acronyms before a number ("COP 28", "TOP 10",
# "SDG 4", "AMD Ryzen"): never a symbol.
UNSAFE_CODES = {"ALL", "AMD", "BAM", "BOB", "COP", "CUP", "CVE", "GEL", "MAD", "MOP", "NPR", "PEN",
                "SDG", "SOS", "TOP"}
# ISO names whose last word is not the noun news writes after an amount ("Rial Omani"): the
# English order, so the last word is the currency noun and the rest qualifies it.
NAME_FIX = {"Rial Omani": "Omani Rial", "Cordoba Oro": "Cordoba", "Peso Uruguayo": "Uruguayan Peso",
            "Bolívar Soberano": "Bolívar", "CFA Franc BEAC": "CFA Franc", "CFA Franc BCEAO": "CFA Franc",
            "Turkmenistan New Manat": "Turkmenistan Manat", "Uzbekistan Sum": "Uzbekistan Som",
            "Yuan Renminbi": "Renminbi", "Pound Sterling": "Sterling", "Pa’anga": "Pa'anga"}

# ISO names qualify by the country ("Uganda Shilling"); news mostly by its adjective ("Ugandan
# shillings"). Both forms are generated.
ADJECTIVES = {
    "Azerbaijan": "Azerbaijani", "Barbados": "Barbadian", "Belize": "Belizean", "Burundi": "Burundian",
    "Cabo Verde": "Cape Verdean", "Djibouti": "Djiboutian", "El Salvador": "Salvadoran", "Fiji": "Fijian",
    "Ghana": "Ghanaian", "Guyana": "Guyanese", "Iceland": "Icelandic", "Malawi": "Malawian",
    "Mauritius": "Mauritian", "Mozambique": "Mozambican", "Namibia": "Namibian", "Pakistan": "Pakistani",
    "Rwanda": "Rwandan", "Seychelles": "Seychellois", "Sri Lanka": "Sri Lankan", "Surinam": "Surinamese",
    "Turkmenistan": "Turkmen", "Uganda": "Ugandan", "Uzbekistan": "Uzbek", "UAE": "Emirati",
}


def words(name: str) -> list[str]:
    import unicodedata
    name = NAME_FIX.get(name, name)
    last = name.split()[-1].lower()
    plain = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode()
    out = []
    for w in dict.fromkeys([last, plain]):
        if w in UNSAFE or len(w) < 3:
            continue
        out.append(PLURALS.get(w, w + "s"))
        out.append(w)
    # The country-qualified form ("Ghana cedis") is unambiguous even when the bare word is not.
    if len(name.split()) > 1:
        stem = " ".join(name.split()[:-1])
        for q in dict.fromkeys([stem, ADJECTIVES.get(stem, stem)]):
            out.append(f"{q} {PLURALS.get(plain, plain + 's')}")
    return list(dict.fromkeys(out))


def main() -> None:
    currencies = [c for c in sorted(pycountry.currencies, key=lambda c: c.alpha_3) if c.alpha_3 not in SKIP_CODES]
    generated = {c.alpha_3: words(c.name) for c in currencies}
    # A word two currencies share ("francs", "dinars", "CFA francs") names neither: dropped.
    owners: dict[str, int] = {}
    for ws in generated.values():
        for w in ws:
            owners[w] = owners.get(w, 0) + 1
    print("# Generated by scripts/gen_currencies.py from ISO 4217 (pycountry 26.2.16, whose data is")
    print("# Debian iso-codes, LGPL-2.1-or-later); do not edit. Regenerate with:")
    print("#   python3 scripts/gen_currencies.py > data/lexicon/currencies.toml")
    print("# Hand-curated entries in units.toml take precedence for the same code or word.\n")
    for c in currencies:
        w = [x for x in generated[c.alpha_3] if owners[x] == 1]
        symbols = [] if c.alpha_3 in UNSAFE_CODES else [c.alpha_3]
        print("[[currency]]")
        print(f'code = "{c.alpha_3}"')
        print(f'name = "{c.name}"')
        print("symbols = [" + ", ".join(f'"{x}"' for x in symbols) + "]")
        print("words = [" + ", ".join(f'"{x}"' for x in w) + "]\n")


if __name__ == "__main__":
    main()
