"""What Zotero saves from a page: its Embedded Metadata translator and its COinS (OpenURL) reader, modelled.

Zotero's translators are on no package registry, so the tests cannot run them; these models
follow their code at these versions, quoted where each rule is used:

- ``Embedded Metadata.js`` (zotero/translators 2814370, "lastUpdated": "2026-04-27 15:11:51"),
  with ``RDF.js`` ("lastUpdated": "2026-06-19 20:26:35") for the ``z:`` tags;
- ``openurl.js`` (zotero/utilities 4051881), ``parseContextObject``, which ``COinS.js``
  ("lastUpdated": "2021-06-01 17:38:46") calls for each ``span.Z3988``;
- the base fields and the fields valid for each item type from Zotero's schema: a translator
  writes a base field (``publicationTitle``, ``publisher``, ``number``) and Zotero stores it
  under the type's own name (``proceedingsTitle``, ``university``, ``reportNumber``, ...);
  a field the type does not have is dropped.
"""

from __future__ import annotations

from urllib.parse import unquote

#: (item type, base field) -> the type's own field (zotero-schema's "baseField" of each type's fields)
BASE_FIELDS = {
    ("conferencePaper", "publicationTitle"): "proceedingsTitle",
    ("bookSection", "publicationTitle"): "bookTitle",
    ("thesis", "publisher"): "university",
    ("thesis", "type"): "thesisType",
    ("report", "publisher"): "institution",
    ("report", "number"): "reportNumber",
    ("preprint", "publisher"): "repository",
    ("preprint", "number"): "archiveID",
    ("preprint", "type"): "genre",
}
COMMON = {"title", "date", "abstractNote", "url", "extra", "language"}
#: the fields these tests read, as each item type has them in Zotero's schema
VALID_FIELDS = {
    "journalArticle": COMMON | {"publicationTitle", "volume", "issue", "pages", "DOI"},
    "conferencePaper": COMMON | {"proceedingsTitle", "conferenceName", "publisher", "volume", "pages", "DOI"},
    "preprint": COMMON | {"repository", "archiveID", "genre", "DOI"},
    "thesis": COMMON | {"university", "thesisType", "DOI"},
    "report": COMMON | {"institution", "reportNumber", "pages", "DOI"},
    "bookSection": COMMON | {"bookTitle", "publisher", "pages", "DOI"},
    "book": COMMON | {"publisher", "DOI"},
}


def split_name(name: str) -> tuple[str, str]:
    """(last, first) as ``ZU.cleanAuthor`` splits a name: at its comma, else before its last word."""
    if "," in name:
        last, _, given = name.partition(",")
    else:
        given, _, last = name.rpartition(" ")
    return last.strip(), given.strip()


def stored(item_type: str, fields: dict[str, str]) -> dict[str, str]:
    """*fields* as Zotero stores them in an item of *item_type*: base fields renamed, others dropped."""
    named = {BASE_FIELDS.get((item_type, name), name): value for name, value in fields.items()}
    return {name: value for name, value in named.items() if name in VALID_FIELDS[item_type]}


# --- Embedded Metadata -------------------------------------------------------------------------

#: init()'s switch: each of these tags sets hwType, so the last one on the page decides
HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
#: HIGHWIRE_MAPPINGS, in its order (a later tag of the same field wins)
HIGHWIRE_FIELDS = [
    ("citation_title", "title"),
    ("citation_publication_date", "date"),
    ("citation_journal_title", "publicationTitle"),
    ("citation_inbook_title", "publicationTitle"),
    ("citation_volume", "volume"),
    ("citation_issue", "issue"),
    ("citation_conference_title", "conferenceName"),
    ("citation_dissertation_institution", "university"),
    ("citation_technical_report_institution", "institution"),
    ("citation_technical_report_number", "number"),
    ("citation_publisher", "publisher"),
    ("citation_abstract", "abstractNote"),
    ("citation_doi", "DOI"),
]


def embedded_metadata(tags: list[tuple[str, str]]) -> dict:
    """The item Zotero saves from a page whose ``<head>`` has these ``(name, content)`` meta tags, in order.

    - type: the last tag of HIGHWIRE_TYPES (hwType), which wins over RDF's type; without one,
      ``z:itemType`` (RDF.js detectType: ``t.zotero``); else the guess from ``citation_title``.
    - ``z:<field>``: "OTHER FIELDS" of RDF.js sets ``newItem[field]`` (all but z:itemType, z:path);
      the Highwire fields are processed after, and win.
    - creators: each ``citation_author`` through ``ZU.cleanAuthor(author, "author", true)`` when
      it holds a comma ("Last, First"), else split before the last word.
    - pages: ``citation_firstpage``-``citation_lastpage``; url: ``citation_abstract_html_url``;
      the first ``citation_pdf_url`` is attached as "Full Text PDF".
    """
    first: dict[str, str] = {}
    for name, content in tags:
        first.setdefault(name, content)
    hw_types = [HIGHWIRE_TYPES[name] for name, _ in tags if name in HIGHWIRE_TYPES]
    item_type = hw_types[-1] if hw_types else first.get("z:itemType", "journalArticle")
    fields = {name[2:]: value for name, value in first.items() if name.startswith("z:") and name != "z:itemType"}
    for tag, field in HIGHWIRE_FIELDS:
        if tag in first:
            fields[field] = first[tag]
    if "citation_firstpage" in first:
        last = first.get("citation_lastpage")
        fields["pages"] = f"{first['citation_firstpage']}-{last}" if last else first["citation_firstpage"]
    if "citation_abstract_html_url" in first:
        fields["url"] = first["citation_abstract_html_url"]
    creators = []
    for name, content in tags:
        if name == "citation_author":
            creators.append(split_name(content))
    item = {"itemType": item_type, "creators": creators, **stored(item_type, fields)}
    item["attachments"] = [first["citation_pdf_url"]] if "citation_pdf_url" in first else []
    return item


# --- COinS -------------------------------------------------------------------------------------

#: rft.genre of the book format -> item type (any other genre: book)
BOOK_GENRES = {"bookitem": "bookSection", "conference": "conferencePaper", "proceeding": "conferencePaper",
               "report": "report", "document": "document"}  # fmt: skip


def coins(context: str) -> dict | None:
    """The item Zotero saves from a COinS span with this ContextObject (its ``title``), or None.

    parseContextObject: the type from ``rft_val_fmt`` (journal: journalArticle whatever the
    genre; book: by genre; dissertation: thesis); then each pair in order: ``rft_id`` a DOI
    (``info:doi/``) or an address (the last one is the URL; ``info:arxiv/`` is not read);
    ``rft.btitle`` the title of a book or report, else the proceedings' or book's title;
    ``rft.atitle`` the title of an article, chapter or conference paper; ``rft.jtitle`` the
    journal; ``rft.title`` the title of a thesis; ``rft.inst`` a thesis's university and
    ``rft.degree`` its type; ``rft.pub`` the publisher; ``rft.type`` any Zotero item type,
    from then on; ``rft.spage``-``rft.epage`` the pages; ``rft.au`` an author, and
    ``rft.aulast``/``rft.aufirst`` one more unless an ``rft.au`` has that last name and a
    first name that starts with it. Values are read with ``+`` and ``%2B`` as spaces.
    """
    pairs = []
    for part in context.split("&"):
        name, _, value = part.partition("=")
        pairs.append((name, unquote(value.replace("+", " ").replace("%2B", " ").replace("%2b", " "))))
    fmt = dict(pairs).get("rft_val_fmt", "")
    genre = dict(pairs).get("rft.genre", "")
    item_type = {
        "info:ofi/fmt:kev:mtx:journal": "journalArticle",
        "info:ofi/fmt:kev:mtx:book": BOOK_GENRES.get(genre, "book"),
        "info:ofi/fmt:kev:mtx:dissertation": "thesis",
    }.get(fmt)
    if item_type is None:
        return None
    fields: dict[str, str] = {}
    creators = []
    named = {}  # the author of rft.aulast and rft.aufirst
    for name, value in pairs:
        if name == "rft_id" and value.startswith("info:doi/"):
            fields["DOI"] = value[len("info:doi/") :]
        elif name == "rft_id" and value.startswith(("http://", "https://")):
            fields["url"] = value
        elif name == "rft.btitle":
            fields["title" if item_type in ("book", "report") else "publicationTitle"] = value
        elif name == "rft.atitle" and item_type in ("journalArticle", "bookSection", "conferencePaper"):
            fields["title"] = value
        elif name == "rft.jtitle" and item_type == "journalArticle":
            fields["publicationTitle"] = value
        elif name == "rft.title":
            journal_like = item_type in ("journalArticle", "bookSection", "conferencePaper")
            fields["publicationTitle" if journal_like else "title"] = value
        elif name == "rft.date":
            fields["date"] = value
        elif name in ("rft.pub", "rft.publisher") or (name == "rft.inst" and item_type == "thesis"):
            fields["publisher"] = value
        elif name == "rft.degree" and item_type == "thesis":
            fields["type"] = value
        elif name == "rft.type" and item_type != "thesis" and value in VALID_FIELDS:
            item_type = value
        elif name in ("rft.volume", "rft.issue"):
            fields[name[4:]] = value
        elif name in ("rft.spage", "rft.epage") or name in ("rft.aulast", "rft.aufirst"):
            named[name] = value
        elif name == "rft.au":
            creators.append(split_name(value))
    if "rft.spage" in named:
        fields["pages"] = "-".join(filter(None, (named["rft.spage"], named.get("rft.epage"))))
    if "rft.aulast" in named:  # kept unless an rft.au author has its last name and a first name it starts
        last, first = named["rft.aulast"], named.get("rft.aufirst", "")
        if not any(other[0] == last and other[1] and other[1].startswith(first) for other in creators):
            creators.insert(0, (last, first))
    return {"itemType": item_type, "creators": creators, **stored(item_type, fields)}
