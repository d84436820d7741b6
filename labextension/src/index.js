// cpt97530-course: a course notebook opens ready, and stays the course.
//
// A notebook whose metadata says {"cpt97530": {"course": true}} (every lesson and exercise
// the generators write) is run as soon as its kernel is ready, and again after a kernel
// restart, so a trainee never has to find "Run All". Its outputs are the course's, not the
// learner's work: the tab is marked unmodified after the run (no "modified" dot, nothing
// for autosave to write), and the server's pre-save hook (toolkit.learner_course) strips
// outputs and widget state if the learner saves anyway.
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

// One source for Lab and Voila: arrow keys move within a radio group.
import '../../jupyter-config/voila/templates/cpt97530/radio_groups.js';

const COURSE_CLASS = 'cpt-course';

function isCourse(panel) {
  const meta = panel.context.model.getMetadata('cpt97530');
  return Boolean(meta && meta.course);
}

async function runCourse(panel) {
  await panel.sessionContext.ready;
  if (panel.isDisposed || !panel.sessionContext.session) {
    return;
  }
  const notebook = panel.content;
  panel.node.dataset.cptRun = 'running';
  await NotebookActions.runAll(notebook, panel.sessionContext);
  if (panel.isDisposed) {
    return;
  }
  // runAll leaves the last cell active and scrolled to: put the reader back at the top.
  notebook.deselectAll();
  notebook.activeCellIndex = 0;
  notebook.node.scrollTop = 0;
  panel.context.model.dirty = false;
  panel.node.dataset.cptRunDoneMs = String(Math.round(performance.now()));
  panel.node.dataset.cptRun = 'done';
}

function watch(panel) {
  if (!isCourse(panel)) {
    return;
  }
  panel.addClass(COURSE_CLASS);
  // Milliseconds since page load when the kernel was first idle, for scripts/bench_browser.py.
  const stampIdle = (_, status) => {
    if (status === 'idle' && !panel.node.dataset.cptKernelIdleMs) {
      panel.node.dataset.cptKernelIdleMs = String(Math.round(performance.now()));
    }
  };
  panel.sessionContext.statusChanged.connect(stampIdle);
  void runCourse(panel);
  // After "Restart Kernel" the widgets are gone: run the course again once it is idle.
  let restarted = false;
  panel.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'restarting' || status === 'autorestarting') {
      restarted = true;
    } else if (status === 'idle' && restarted) {
      restarted = false;
      void runCourse(panel);
    }
  });
  // Output changes are never the learner's work: keep the tab clean.
  panel.context.model.stateChanged.connect((model, change) => {
    if (change.name === 'dirty' && change.newValue && panel.node.dataset.cptRun !== 'running') {
      model.dirty = false;
    }
  });
}

const plugin = {
  id: 'cpt97530-course:run-on-open',
  description: 'Runs a CPT 97530 course notebook when it opens.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app, tracker) => {
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(() => watch(panel));
    });
  }
};

export default plugin;
