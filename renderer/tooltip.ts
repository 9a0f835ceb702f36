import type { View } from 'vega';

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
    box.replaceChildren(...rows(container.ownerDocument, value));
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
