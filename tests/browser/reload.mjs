// Live reload as an author sees it: opens the page `build.py watch` serves in Debian's headless
// Chromium, replaces BEFORE by AFTER in FILE (a save), and prints JSON {reloadedAfterMs, shows,
// errors}: how long after the save the page reloaded, whether it shows EXPECTED, and any console
// errors (a script the page's policy blocked would show here). Started by the tests.
import { readFile, writeFile } from "node:fs/promises";
import { launch } from "./chromium.mjs";

const [address, file, before, after, expected] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(address, { waitUntil: "load" });
  await new Promise((resolve) => setTimeout(resolve, 300));  // the event stream is open
  const text = await readFile(file, "utf8");
  const reloaded = page.waitForNavigation({ waitUntil: "load", timeout: 15000 });
  const saved = Date.now();
  await writeFile(file, text.replace(before, after));
  await reloaded;
  const reloadedAfterMs = Date.now() - saved;
  const shows = await page.evaluate((t) => document.body.innerText.includes(t), expected);
  console.log(JSON.stringify({ reloadedAfterMs, shows, errors }));
} finally {
  await browser.close();
}
