// The machine and runtime a bench ran on, for its JSON and its markdown.
import { cpus, totalmem } from 'node:os'

/** Node version, CPU model and count, memory, libuv threadpool size, date. */
export function machine() {
  const list = cpus()
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    threadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    date: new Date().toISOString(),
  }
}

/** One line for the top of a markdown report. */
export function machineLine(m) {
  return `Node ${m.node} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB, libuv threadpool ${m.threadpool}), ${m.date}`
}

/** A markdown table from a header row and body rows. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
