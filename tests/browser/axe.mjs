// Runs axe-core on each web page named on the command line, in Debian's headless Chromium,
// and prints {page: [violations]} as JSON. Started and stopped by the tests themselves.
import { pathToFileURL } from "node:url";
import { axeSource, launch } from "./chromium.mjs";

const browser = await launch();
const results = {};
try {
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const report = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
    results[file] = report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                                    nodes: v.nodes.map((n) => n.target.join(" ")) }));
    results[file + "#passes"] = report.passes.length;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));
