// Reads a BibTeX file with citation-js, as web tools and CSL pipelines do, and prints
// the CSL-JSON it makes of it: node citation-js.cjs FILE.bib
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-csl");

const cite = new Cite(fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(cite.data, null, 1));
