/**
 * What a person checks on a drawn chart, measured in the page (issue 13 item 6): texts that overprint,
 * marks too faint against the background, points drawn outside the plot. Each returns the offenders.
 */
import type { Page } from 'playwright-core';

/** Where a notebook output draws its chart (inside the output's shadow root); the calculator's is `.chart svg`. */
const OUTPUT_SVG = '.sl-chart svg';

/**
 * Pairs of drawn texts (axis labels, titles, legend, readouts) whose boxes intersect by more than a pixel,
 * in the chart `svg` of element `id` (searched in its shadow root when it has one).
 */
export function overlappingTexts(page: Page, id: string, svg = OUTPUT_SVG): Promise<string[]> {
  return page.evaluate(([id, svg]) => {
    const element = document.getElementById(id)!;
    const root = element.shadowRoot ?? element;
    const boxes = Array.from(root.querySelectorAll(`${svg} text`))
      .filter((t) => (t.textContent ?? '').trim() !== '' && t.getAttribute('opacity') !== '0')
      .map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0);
    const hits: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1 && dy > 1) hits.push(`${boxes[i].text} × ${boxes[j].text}`);
      }
    }
    return hits;
  }, [id, svg] as const);
}

/** Observed points (centres) outside the rectangle spanned by the x and y axis lines of output `id`. */
export function pointsOutsidePlot(page: Page, id: string): Promise<{ total: number; outside: number }> {
  return page.evaluate((id) => {
    const root = document.getElementById(id)!.shadowRoot!;
    const domains = Array.from(root.querySelectorAll('g.role-axis-domain line, g.role-axis-domain path')).map((e) => e.getBoundingClientRect());
    const x = domains.find((r) => r.width > r.height)!;
    const y = domains.find((r) => r.height > r.width)!;
    const points = Array.from(root.querySelectorAll('g.points_marks > path')).map((p) => p.getBoundingClientRect());
    const slack = 0.5;
    const outside = points.filter((r) => {
      const cx = r.x + r.width / 2;
      const cy = r.y + r.height / 2;
      return cx < x.left - slack || cx > x.right + slack || cy < y.top - slack || cy > y.bottom + slack;
    });
    return { total: points.length, outside: outside.length };
  }, id);
}

/**
 * Colours of the data marks and legend symbols (fill or stroke, blended over the chart background with
 * their opacity) whose WCAG contrast with the background is below `minimum` (3:1 for non-text). Areas
 * meant as a tint (bootstrap bands, the extrapolation region), invisible hit targets and rims in the
 * background colour are left out.
 */
export function lowContrastMarks(page: Page, id: string, minimum = 3): Promise<string[]> {
  return page.evaluate(
    ([id, minimum]) => {
      const root = document.getElementById(id)!.shadowRoot!;
      const svg = root.querySelector('.sl-chart svg')!;
      const probe = document.createElement('span');
      document.body.append(probe);
      const rgba = (colour: string): number[] => {
        probe.style.color = '';
        probe.style.color = colour;
        const m = getComputedStyle(probe).color.match(/[\d.]+/g)!.map(Number);
        return [m[0], m[1], m[2], m[3] ?? 1];
      };
      const luminance = ([r, g, b]: number[]) => {
        const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const background = rgba(getComputedStyle(svg).backgroundColor);
      const opacityOf = (e: Element, attr: string) => {
        let alpha = Number(e.getAttribute(attr) ?? 1);
        for (let n: Element | null = e; n && n !== svg; n = n.parentElement) alpha *= Number(n.getAttribute('opacity') ?? 1);
        return alpha;
      };
      const tint = /(^|\s)(band|extrapolation|crosshair_target)_marks(\s|$)/;
      const marks = Array.from(svg.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-legend-symbol path'));
      const low = new Set<string>();
      for (const mark of marks) {
        if (tint.test(mark.parentElement?.getAttribute('class') ?? '')) continue;
        for (const [paint, attr] of [['fill', 'fill-opacity'], ['stroke', 'stroke-opacity']] as const) {
          const colour = mark.getAttribute(paint);
          if (!colour || colour === 'none' || colour === 'transparent') continue;
          const [r, g, b, a] = rgba(colour);
          // A rim in the background colour (optimum and forecast markers) sets a mark off the line under it.
          if (r === background[0] && g === background[1] && b === background[2]) continue;
          const alpha = a * opacityOf(mark, attr);
          if (alpha === 0) continue;
          const blended = [r, g, b].map((c, i) => c * alpha + background[i] * (1 - alpha));
          const [hi, lo] = [luminance(blended), luminance(background)].sort((x, y) => y - x);
          const ratio = (hi + 0.05) / (lo + 0.05);
          if (ratio < minimum) low.add(`${mark.parentElement?.getAttribute('class')?.split(' ').pop()} ${paint} ${colour} @${alpha.toFixed(2)}: ${ratio.toFixed(2)}:1`);
        }
      }
      probe.remove();
      return [...low];
    },
    [id, minimum] as const,
  );
}

/** The drawn width of output `id`'s chart, in px (axes, legend and titles included). */
export function chartWidth(page: Page, id: string): Promise<number> {
  return page.evaluate((id) => document.getElementById(id)!.shadowRoot!.querySelector('.sl-chart svg')!.getBoundingClientRect().width, id);
}
