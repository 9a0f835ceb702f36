import type { View } from 'vega';
import { TIP } from '../src/core/plot/specs';

type TooltipHandler = Parameters<View['tooltip']>[0];

/**
 * Tooltips drawn inside our shadow root. vega-tooltip appends its element to document.body and
 * injects a <style> there, which a strict style-src CSP refuses and our stylesheet cannot reach.
 */
export function shadowTooltip(container: HTMLElement): TooltipHandler {
  const box = container.ownerDocument.createElement('div');
  box.className = 'sl-tooltip';
  box.hidden = true;
  container.append(box);
  return (_handler, event, _item, value) => {
    if (value === undefined || value === null || value === '') {
      box.hidden = true;
      return;
    }
    // Points hand over their whole row; show only its pre-formatted tooltip part.
    const tip = typeof value === 'object' && TIP in value ? (value as Record<string, unknown>)[TIP] : value;
    box.replaceChildren(...rows(container.ownerDocument, tip));
    box.hidden = false;
    const bounds = container.getBoundingClientRect();
    const mouse = event as MouseEvent;
    const left = mouse.clientX - bounds.left + 12;
    const flip = left + box.offsetWidth > bounds.width;
    box.style.left = `${flip ? Math.max(0, left - box.offsetWidth - 24) : left}px`;
    box.style.top = `${mouse.clientY - bounds.top + 12}px`;
  };
}

function rows(doc: Document, value: unknown): HTMLElement[] {
  if (typeof value !== 'object') {
    const line = doc.createElement('div');
    line.textContent = String(value);
    return [line];
  }
  const table = doc.createElement('table');
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const tr = table.insertRow();
    const th = doc.createElement('th');
    th.textContent = key;
    tr.append(th);
    tr.insertCell().textContent = String(v);
  }
  return [table];
}
