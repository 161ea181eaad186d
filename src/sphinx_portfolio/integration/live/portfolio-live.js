// Live preview only: show the problems of the last build on every page, until a good build.
(() => {
  const root = document.documentElement.dataset.content_root || "./";
  fetch(root + "_portfolio/build-problems.txt", { cache: "no-store" })
    .then((response) => (response.ok ? response.text() : ""))
    .then((text) => {
      if (!text.trim()) return;
      // in the flow of the page, above everything: it pushes the page down and hides none of it
      const banner = document.createElement("div");
      banner.id = "portfolio-build-problems";
      banner.setAttribute("role", "alert");
      banner.style.cssText =
        "position:relative;max-height:40vh;overflow:auto;background:#fff3f3;color:#5c0000;" +
        "border-bottom:3px solid #b00020;padding:1em 3em 1em 1em;font:14px/1.4 monospace";
      const title = document.createElement("strong");
      title.textContent = "The last build has problems; this page may be out of date. Save a fix to rebuild.";
      const messages = document.createElement("pre");
      messages.style.cssText = "white-space:pre-wrap;margin:0.5em 0 0";
      messages.textContent = text;
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Hide the build's problems");
      close.style.cssText =
        "position:absolute;top:0.5em;right:0.5em;font:20px/1 sans-serif;background:none;border:0;" +
        "color:inherit;cursor:pointer;padding:0.25em";
      close.addEventListener("click", () => banner.remove());
      banner.append(close, title, messages);
      document.body.prepend(banner);
    })
    .catch(() => {});
})();
