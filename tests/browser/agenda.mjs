// Opens each agenda web page named on the command line in Debian's headless Chromium and prints
// JSON {page: {...}}: axe-core's violations, every resource the page asked for beyond itself, the
// fonts it loaded, its h1s, where its skip link goes and whether the keyboard reaches it, the
// links (address, text, underlined, and the focus outline of each), each item's text, and how
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
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family} ${f.weight} ${f.style}`);
    });
    const seen = await page.evaluate(() => {
      const skip = document.querySelector("a.skip-link");
      const target = skip && document.querySelector(skip.getAttribute("href"));
      return {
        h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
        landmarks: [...document.querySelectorAll("header, nav, main, footer")].map((e) => e.tagName.toLowerCase()),
        skip: skip ? { href: skip.getAttribute("href"), target: target ? target.tagName.toLowerCase() : null } : null,
        policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? null,
        items: Object.fromEntries([...document.querySelectorAll(".agenda-item")].map((li) =>
          [(li.querySelector(".num") ?? li.querySelector(".item-title")).textContent.trim(),
           li.innerText.replace(/\s+/g, " ").trim()])),
        meeting: [...document.querySelectorAll(".meeting-documents a")].map((a) => a.getAttribute("href")),
        footer: [...document.querySelectorAll("footer a")].map((a) => [a.getAttribute("href"), a.textContent.trim()]),
      };
    });
    // the keyboard: the first Tab shows the skip link, Enter moves the focus to its target
    await page.keyboard.press("Tab");
    const skipShown = await page.evaluate(() => {
      const a = document.activeElement, box = a.getBoundingClientRect();
      return a.classList.contains("skip-link") && box.width > 0 && box.left >= 0 && box.top >= 0;
    });
    await page.keyboard.press("Enter");
    const focusAfterSkip = await page.evaluate(() => document.activeElement.id);
    const links = [];
    for (const handle of await page.$$("a[href]:not(.skip-link)")) {
      await handle.focus();
      links.push(await handle.evaluate((a) => {
        const rest = getComputedStyle(a), box = a.getBoundingClientRect();
        return { href: a.getAttribute("href"), text: a.textContent.replace(/\s+/g, " ").trim(),
                 outline: rest.outlineStyle !== "none" && parseFloat(rest.outlineWidth) >= 2,
                 focusBackground: rest.backgroundColor, visible: box.width > 0 && box.height > 0 };
      }));
    }
    const unfocused = await page.evaluate(() => {
      document.activeElement.blur();
      return [...document.querySelectorAll("main a[href]")].every((a) => getComputedStyle(a).textDecorationLine.includes("underline"));
    });
    await page.setViewport({ width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    results[file] = {
      violations: report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })),
      passes: report.passes.length, requests, fonts, ...seen, skipShown, focusAfterSkip, links, underlined: unfocused, overflow,
    };
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));
