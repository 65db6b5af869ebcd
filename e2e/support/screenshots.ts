// Screenshots of the main pages: attached to the test report, and copied to docs/screenshots/
// (linked from the README) when UPDATE_SCREENSHOTS=1.
import fs from "node:fs";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  if (process.env.UPDATE_SCREENSHOTS === "1") {
    const dir = path.resolve("docs", "screenshots");
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(file, path.join(dir, `${name}.png`));
  }
}
