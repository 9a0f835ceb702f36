/** A markdown link that runs `command` with one JSON argument (hover and result messages). */
export function commandLink(label: string, command: string, arg: unknown): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
}
