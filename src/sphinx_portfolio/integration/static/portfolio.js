// The publication filters: the form is in the page, hidden; this script shows it and runs it.
// Without JavaScript the form stays hidden and every paper is listed.
// The state lives in the address (?year=2024&topic=...&q=...), so a filtered list can be shared,
// reloaded, and walked with back and forward.
(function () {
  "use strict";
  const form = document.querySelector("form.portfolio-filters");
  if (!form) return;
  const entries = Array.from(document.querySelectorAll("li.portfolio-entry"));
  const sections = Array.from(document.querySelectorAll("section[id^='year-'], section#undergraduate"));
  const status = form.querySelector("[role=status]");
  const text = form.elements.namedItem("q");
  const menus = Array.from(form.querySelectorAll("select"));
  // letters without accents or case, so "schoelkopf" finds "Schölkopf"
  const fold = (value) => value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  // what the text box searches: the title, the authors and the venue (short and full), not the links
  const searched = (entry) => {
    const parts = Array.from(entry.querySelectorAll(".portfolio-entry-title, .portfolio-authors, .portfolio-venue-short"));
    return fold(parts.map((part) => part.textContent + " " + (part.title || "")).join(" "));
  };
  const words = new Map(entries.map((entry) => [entry, searched(entry)]));

  const fromAddress = () => {
    const params = new URLSearchParams(window.location.search);
    text.value = params.get("q") || "";
    for (const menu of menus) {
      const wanted = params.get(menu.name) || "";
      menu.value = Array.from(menu.options).some((option) => option.value === wanted) ? wanted : "";
    }
  };
  const address = () => {
    const params = new URLSearchParams(window.location.search);
    for (const field of [text, ...menus]) {
      if (field.value.trim()) params.set(field.name, field.value.trim());
      else params.delete(field.name);
    }
    const query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };
  const apply = () => {
    const terms = fold(text.value).split(/\s+/).filter(Boolean);
    // each menu names the prefix of the entry classes it matches (data-prefix)
    const chosen = menus.filter((menu) => menu.value).map((menu) => menu.dataset.prefix + menu.value);
    let shown = 0;
    for (const entry of entries) {
      const visible =
        chosen.every((name) => entry.classList.contains(name)) && terms.every((term) => words.get(entry).includes(term));
      entry.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of sections) {
      const count = section.querySelectorAll("li.portfolio-entry:not([hidden])").length;
      section.hidden = count === 0;
      const heading = section.querySelector(".portfolio-count");
      if (heading) heading.textContent = "(" + count + ")";
    }
    const filtered = shown !== entries.length;
    status.textContent = filtered
      ? form.dataset.showing.replace("{shown}", shown).replace("{total}", entries.length)
      : "";
    form.classList.toggle("portfolio-filtered", filtered);
  };
  const record = (push) => {
    const next = address();
    if (next === window.location.pathname + window.location.search + window.location.hash) return;
    if (push) window.history.pushState(null, "", next);
    else window.history.replaceState(null, "", next);
  };

  for (const menu of menus) {
    menu.addEventListener("change", () => {
      apply();
      record(true);
    });
  }
  // typing updates the list at once and the address in place (no history entry per letter)
  text.addEventListener("input", () => {
    apply();
    record(false);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
    record(true);
  });
  form.addEventListener("reset", () => {
    // the form clears its fields after this event: read them once it has
    window.setTimeout(() => {
      apply();
      record(true);
    });
  });
  window.addEventListener("popstate", () => {
    fromAddress();
    apply();
  });
  fromAddress();
  apply();
  form.hidden = false;
})();
