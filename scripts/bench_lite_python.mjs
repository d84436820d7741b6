// How long Python takes to start in the browser version, without a browser: the site's own
// Pyodide under Node, from its files in build/lite/static/pyodide (after `make lite`), doing
// what the kernel and lesson 4 do at a page load (start, load every package of the lock,
// import the kernel and lesson 4's widgets). Prints the median CPU milliseconds of each step
// over the runs (CPU, not wall time: less swayed by what else the machine runs). Not a test.
//
//     node scripts/bench_lite_python.mjs [build/lite/static/pyodide] [runs, default 3]
import fs from "node:fs";
import path from "node:path";

const folder = path.resolve(process.argv[2] || "build/lite/static/pyodide") + "/";
const runs = Number(process.argv[3] || 3);
const { loadPyodide } = await import(folder + "pyodide.mjs");
const lock = JSON.parse(fs.readFileSync(folder + "pyodide-lock.json", "utf-8"));
const steps = [
  ["kernel: piplite", "import piplite.piplite"],
  ["kernel: IPython and the kernel", "import pyodide_kernel"],
  ["lesson 4: imports", "from toolkit.widgets import tables, unit_calculator, practice, quick_check"],
];
const times = {};
const cpu = () => process.cpuUsage().user + process.cpuUsage().system;
for (let run = 0; run < runs; run++) {
  let last = cpu();
  const lap = (name) => {
    const now = cpu();
    (times[name] ||= []).push((now - last) / 1000);
    last = now;
  };
  const py = await loadPyodide({ indexURL: folder });
  lap("Python starts");
  await py.loadPackage(Object.keys(lock.packages), { messageCallback: () => {} });
  lap("every package of the lock loaded");
  for (const [name, code] of steps) {
    await py.runPythonAsync(code);
    lap(name);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let total = 0;
for (const [name, xs] of Object.entries(times)) {
  total += median(xs);
  console.log(`${name.padEnd(36)} ${median(xs).toFixed(0).padStart(6)} ms CPU (median of ${runs})`);
}
console.log(`${"in all (sum of medians)".padEnd(36)} ${total.toFixed(0).padStart(6)} ms CPU`);
