// Page-wide checks for Playwright specs (issue #12): no horizontal overflow, one h1 with no empty
// table header and unique landmark labels, and WCAG 2.2 AA text contrast.
import { expect, type Page } from "@playwright/test";

/** The page is no wider than the viewport; on failure, says which elements stick out. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > vw + 1 && !e.parentElement?.closest(".table-wrap, .code-block, .sr-only"))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, vw, culprits };
  });
  expect(r.scrollWidth, `${page.url()} is ${r.scrollWidth}px wide in a ${r.vw}px viewport: ${r.culprits.join(", ")}`).toBeLessThanOrEqual(r.vw);
}

/** One h1; no empty <th>; no two landmarks with the same role and label. */
export async function expectSoundStructure(page: Page): Promise<void> {
  const where = new URL(page.url()).pathname;
  // Retried: a streamed page (a not-found boundary, say) completes after the load event.
  await expect(page.locator("h1"), `${where}: one h1`).toHaveCount(1);
  const r = await page.evaluate(() => {
    const name = (e: Element): string => {
      const label = e.getAttribute("aria-label");
      if (label) return label.trim();
      const by = e.getAttribute("aria-labelledby");
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? "").join(" ");
      return "";
    };
    const sectioning = "article, aside, main, nav, section";
    const landmarks: string[] = [];
    for (const e of document.querySelectorAll("nav, main, aside, header, footer, form, section, [role]")) {
      const explicit = e.getAttribute("role");
      const tag = e.tagName.toLowerCase();
      let role = explicit ?? "";
      if (!explicit) {
        if (tag === "nav") role = "navigation";
        else if (tag === "main") role = "main";
        else if (tag === "aside") role = "complementary";
        else if (tag === "header" && !e.parentElement?.closest(sectioning)) role = "banner";
        else if (tag === "footer" && !e.parentElement?.closest(sectioning)) role = "contentinfo";
        else if ((tag === "section" || tag === "form") && name(e)) role = tag === "section" ? "region" : "form";
      }
      if (!["navigation", "main", "complementary", "banner", "contentinfo", "region", "form", "search"].includes(role)) continue;
      landmarks.push(`${role} "${name(e)}"`);
    }
    const duplicates = landmarks.filter((l, i) => landmarks.indexOf(l) !== i);
    const unnamedNavs = [...document.querySelectorAll("nav")].filter((n) => !name(n)).length;
    return {
      h1: [...document.querySelectorAll("h1")].map((h) => h.textContent?.trim() ?? ""),
      emptyHeaders: [...document.querySelectorAll("th")].filter((th) => !th.textContent?.trim()).length,
      duplicates,
      multipleNavs: document.querySelectorAll("nav").length > 1 && unnamedNavs > 0,
    };
  });
  expect(r.h1.length, `${where}: h1 elements ${JSON.stringify(r.h1)}`).toBe(1);
  expect(r.h1[0], `${where}: the h1 has text`).not.toBe("");
  expect(r.emptyHeaders, `${where}: empty table headers`).toBe(0);
  expect(r.duplicates, `${where}: duplicate landmark labels`).toEqual([]);
  expect(r.multipleNavs, `${where}: several <nav>, one without a label`).toBe(false);
}

/**
 * WCAG 2.2 AA text contrast of every visible text element against its effective background
 * (4.5:1; 3:1 for large text). Returns the failures.
 */
export async function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const ch = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [ch(0), ch(1), ch(2), a];
    };
    const background = (e: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let n = e; n; n = n.parentElement) {
        const bg = parse(getComputedStyle(n).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      // The canvas, in the page's scheme.
      let result: RGBA = matchMedia("(prefers-color-scheme: dark)").matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
      for (const l of layers.reverse()) result = over(l, result);
      return result;
    };
    const luminance = ([r, g, b]: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const failures: string[] = [];
    for (const e of document.querySelectorAll("body *")) {
      if (e.closest("svg, iframe, .sr-only, [aria-hidden='true']") || (e as HTMLButtonElement).disabled) continue;
      const ownText = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
      if (!ownText) continue;
      const rect = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      if (rect.width < 2 || rect.height < 2 || style.visibility === "hidden" || Number(style.opacity) < 1) continue;
      const bg = background(e);
      const fg = over(parse(style.color), bg);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        failures.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} "${e.textContent!.trim().slice(0, 30)}": ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(", ")}))`);
      }
    }
    return failures;
  });
}
