import { JSDOM } from 'jsdom';

/**
 * Parses a ```mermaid block with Mermaid itself (not a look-alike grammar): what GitHub renders
 * is what the test checks. Mermaid sanitizes with DOMPurify, which needs a DOM, so a jsdom window
 * stands in for the browser. Returns the gantt chart's tasks as Mermaid understood them.
 */

export interface ParsedTask {
  readonly task: string;
  readonly done: boolean;
  readonly crit: boolean;
  readonly active: boolean;
  readonly milestone: boolean;
  readonly section: string;
  readonly start: string;
  readonly end: string;
}

interface GanttTask {
  task: string;
  done?: boolean;
  crit?: boolean;
  active?: boolean;
  milestone?: boolean;
  section: string;
  startTime: Date;
  endTime: Date;
}

async function loadMermaid() {
  if ((globalThis as { window?: unknown }).window === undefined) {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  }
  return (await import('mermaid')).default;
}

export async function parseMermaidGantt(block: string): Promise<ParsedTask[]> {
  const source = block.replace(/^```mermaid\n/, '').replace(/\n```\s*$/, '\n');
  const mermaid = await loadMermaid();
  // throws with Mermaid's own parse error on anything it would not render
  const parsed = await mermaid.parse(source);
  if (!parsed || parsed.diagramType !== 'gantt') throw new Error(`not a gantt chart: ${JSON.stringify(parsed)}`);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const tasks = (diagram.db as unknown as { getTasks(): GanttTask[] }).getTasks();
  return tasks.map((t) => {
    if (Number.isNaN(t.startTime.getTime()) || Number.isNaN(t.endTime.getTime())) throw new Error(`task ${t.task} has no valid time`);
    return {
      task: t.task.trim(),
      done: t.done === true,
      crit: t.crit === true,
      active: t.active === true,
      milestone: t.milestone === true,
      section: t.section,
      start: t.startTime.toISOString(),
      end: t.endTime.toISOString(),
    };
  });
}
