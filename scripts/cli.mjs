// Command-line options shared by the node scripts: `--name value`.
const args = process.argv.slice(2);

/** The value after `--name` on the command line, else `fallback`. */
export function opt(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** Whether the bare flag `--name` is on the command line. */
export function flag(name) {
  return args.includes(name);
}
