// Opens each paper web page named on the command line in Debian's headless Chromium and prints
// JSON {page: {violations, passes, requests, headings, overflow, regions}}: axe-core's
// violations, every resource the page asked for beyond itself, its headings in order, and how
// far it is wider than a 320 px screen (WCAG reflow). Started and stopped by the tests.
import { pathToFileURL } from "node:url";
import { axeSource, launch } from "./chromium.mjs";

const browser = await launch();
const results = {};
try {
  for (const file of process.argv.slice(2)) {
    const address = pathToFileURL(file).href;
    const page = await browser.newPage();
    const requests = [];
    page.on("request", (r) => { if (r.url() !== address && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(address, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const report = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => [Number(h.tagName[1]), h.textContent.replace(/\s+/g, " ").trim()]));
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family} ${f.weight} ${f.style}`);
    });
    await page.setViewport({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const regions = await page.evaluate(() => [...document.querySelectorAll("table")].map((t) => {
      const region = t.closest("[role=region]");
      return region ? { focusable: region.tabIndex === 0, name: region.getAttribute("aria-labelledby"),
                        fits: region.getBoundingClientRect().right <= window.innerWidth + 0.5 } : null;
    }));
    results[file] = {
      violations: report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })),
      passes: report.passes.length, requests, headings, fonts, overflow, regions,
    };
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));
