import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { badInput } from "./errors.js";

/** Read and parse a JSON file; a missing file or malformed JSON is bad input with a one-line reason. */
export function readJsonFile(file: string, what: string): unknown {
  if (!existsSync(file)) throw badInput(`${what} file ${file} does not exist`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw badInput(`cannot read ${what} file ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badInput(`${what} file ${file} is not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Write JSON through a temp file + rename: readers never see a partial file. */
export const writeJsonFile = (file: string, value: unknown): void => writeTextFile(file, JSON.stringify(value, null, 2) + "\n");

/** Write text through a temp file + rename: readers never see a partial file. */
export function writeTextFile(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was written
    }
    throw badInput(`cannot write ${file}: ${(e as Error).message.split("\n")[0]} (choose another --out path)`);
  }
}
