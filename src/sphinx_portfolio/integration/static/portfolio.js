// Filters for the publications list. Without JavaScript every paper stays visible.
(function () {
  "use strict";
  const box = document.querySelector(".portfolio-filters");
  if (!box) return;
  const entries = Array.from(document.querySelectorAll("li.portfolio-entry"));
  const values = (prefix) => {
    const found = new Set();
    for (const entry of entries) {
      for (const name of entry.classList) {
        if (name.startsWith(prefix)) found.add(name.slice(prefix.length));
      }
    }
    return Array.from(found).sort();
  };
  // the words, in the page's language, come from the page (data-* of the filters box)
  const words = box.dataset;
  const labels = JSON.parse(words.labels || "{}");
  const filters = [
    { label: words.year, prefix: "portfolio-year-", values: values("portfolio-year-").reverse() },
    { label: words.topic, prefix: "portfolio-topic-", values: values("portfolio-topic-") },
    { label: words.kind, prefix: "portfolio-type-", values: values("portfolio-type-") },
  ];
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  const apply = () => {
    let shown = 0;
    for (const entry of entries) {
      const visible = filters.every((f) => !f.select.value || entry.classList.contains(f.prefix + f.select.value));
      entry.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of document.querySelectorAll("section[id^='year-'], section#undergraduate")) {
      section.hidden = !section.querySelector("li.portfolio-entry:not([hidden])");
    }
    status.textContent =
      shown === entries.length ? "" : words.showing.replace("{shown}", shown).replace("{total}", entries.length);
  };
  for (const filter of filters) {
    const label = document.createElement("label");
    label.textContent = filter.label;
    const select = document.createElement("select");
    select.append(new Option(words.all, ""));
    for (const value of filter.values) {
      select.append(new Option(labels[filter.prefix + value] || value.replace(/-/g, " "), value));
    }
    select.addEventListener("change", apply);
    filter.select = select;
    label.append(select);
    box.append(label);
  }
  box.append(status);
})();
