// cpt97530-course: a course notebook opens ready, and stays the course.
//
// A notebook whose metadata says {"cpt97530": {"course": true}} (every lesson and exercise
// the generators write) is run as soon as its kernel is ready, and again after a kernel
// restart, so a trainee never has to find "Run All". Its outputs are the course's, not the
// learner's work: the tab is marked unmodified after the run (no "modified" dot, nothing
// for autosave to write), and the server's pre-save hook (toolkit.learner_course) strips
// outputs and widget state if the learner saves anyway.
//
// Course mode (on unless the page config says "cpt97530CourseMode": "off"; the server sets
// it from CPT97530_COURSE_MODE, a JupyterLite site from its jupyter-lite.json) shows a
// learner only the course: no programmer menus or notebook toolbar on course documents, no
// Terminal/Console launcher cards, no exercise .json twins in the file browser; a lesson's
// "Next" link opens the next lesson in place of the current one, and closing a course tab
// shuts its kernel, so one lesson runs at a time. The programmer commands are not only out of
// sight but out of reach: the programmer menus leave the menu bar (a hidden menu is still
// opened by the arrow keys), the File menu keeps only Save, Close, Print and the hub's Log
// Out (nor does any right-click menu offer what the File menu lost, or a download), the
// command palette is gone, and on a course document no key runs, restarts or
// interrupts the kernel or edits a cell (the key's default is prevented before Lumino sees it).
import { ILabShell } from '@jupyterlab/application';
import { CommandRegistry } from '@lumino/commands';
import { CodeCell } from '@jupyterlab/cells';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';

// One source for Lab and Voila: arrow keys move within a radio group.
import '../../jupyter-config/voila/templates/cpt97530/radio_groups.js';

const COURSE_CLASS = 'cpt-course';
const MODE_CLASS = 'cpt-course-mode'; // on <body> while course mode is on
const CURRENT_CLASS = 'cpt-course-current'; // on <body> while a course document is shown
const PROGRAMMER_MENUS = [
  'jp-mainmenu-edit',
  'jp-mainmenu-view',
  'jp-mainmenu-run',
  'jp-mainmenu-kernel',
  'jp-mainmenu-tabs',
  'jp-mainmenu-settings'
];

// The File menu a learner keeps (everything else, the New submenu included, is removed);
// hub:logout and hub:control-panel show only on a hub, where logging out means something.
const LEARNER_FILE_MENU = [
  'docmanager:save',
  'application:close',
  'application:close-all',
  'apputils:print',
  'hub:control-panel',
  'hub:logout'
];
// Commands no learner reaches in course mode, by menu or key, wherever the focus is (with
// every command the File menu loses).
const NEVER_FOR_LEARNERS = [
  'apputils:activate-command-palette',
  'launcher:create',
  'terminal:create-new',
  'console:create',
  'notebook:create-new',
  'fileeditor:create-new',
  'fileeditor:create-new-markdown-file',
  'notebook:export-to-format',
  'filebrowser:open-url',
  'filemenu:shutdown',
  'filemenu:logout',
  'filebrowser:download',
  'filebrowser:copy-download-link',
  'filebrowser:open-browser-tab',
  // Managing files is not the course: a learner who deleted or renamed a lesson lost it.
  'filebrowser:delete',
  'filebrowser:rename',
  'filebrowser:cut',
  'filebrowser:paste',
  'filebrowser:duplicate',
  'filebrowser:create-new-file',
  'filebrowser:create-new-directory',
  'filebrowser:create-new-markdown-file',
  'filebrowser:shutdown'
];
// The only commands a key still runs while the focus is in a course document: saving (it
// writes the course as it was), leaving a text box for the notebook, find, print.
const KEYS_ON_COURSE = [
  'docmanager:save',
  'notebook:enter-command-mode',
  'tooltip:dismiss',
  'documentsearch:start',
  'documentsearch:highlight-next',
  'documentsearch:highlight-previous',
  'documentsearch:end',
  'apputils:print'
];

function courseMode() {
  const value = String(PageConfig.getOption('cpt97530CourseMode') || 'on').toLowerCase();
  return !['off', '0', 'false', 'no'].includes(value);
}

function isCourse(panel) {
  const meta = panel.context.model.getMetadata('cpt97530');
  return Boolean(meta && meta.course);
}

// Each code cell is sent to the kernel as "Run All" would, but nothing is selected or
// scrolled: NotebookActions.runAll makes the last cell active and scrolls to it once its
// outputs are drawn (~0.3 s after the run), which threw the learner to the page's bottom.
async function runCells(panel) {
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  await Promise.all(
    cells.map((cell) =>
      CodeCell.execute(cell, panel.sessionContext).catch(() => {
        // An aborted cell (an earlier one failed): no "[*]" left behind.
        cell.model.executionState = 'idle';
      })
    )
  );
}

async function runCourse(panel) {
  await panel.sessionContext.ready;
  if (panel.isDisposed || !panel.sessionContext.session) {
    return;
  }
  panel.node.dataset.cptRun = 'running';
  await runCells(panel);
  if (panel.isDisposed) {
    return;
  }
  panel.context.model.dirty = false;
  panel.node.dataset.cptRunDoneMs = String(Math.round(performance.now()));
  panel.node.dataset.cptRun = 'done';
}

// A widget button's click is a "custom" message that ipywidgets sends at once, while a value
// the learner has just changed may still be held back by its one-sync-in-flight throttle
// (the throttle applies to syncs only: jupyter-widgets/ipywidgets#1382). The kernel would
// then grade the answer before the change. So in a course notebook a click on a widget
// button waits until every message already sent to the kernel is answered (at most 10 s).
const WIDGET_BUTTON = 'button.jupyter-button, button.widget-button';
const SETTLE_TICK_MS = 25;
const SETTLE_LIMIT_MS = 10000;

function clicksWaitForAnswers(panel) {
  const open = new Set(); // ids of widget messages the kernel has not finished
  let kernel = null;
  const track = (_, { msg, direction }) => {
    if (direction === 'send' && msg.header.msg_type === 'comm_msg') {
      open.add(msg.header.msg_id);
    } else if (
      direction === 'recv' &&
      msg.header.msg_type === 'status' &&
      msg.content.execution_state === 'idle' &&
      msg.parent_header
    ) {
      open.delete(msg.parent_header.msg_id);
    }
  };
  const follow = () => {
    if (kernel) {
      kernel.anyMessage.disconnect(track);
    }
    open.clear();
    kernel = panel.sessionContext.session ? panel.sessionContext.session.kernel : null;
    if (kernel) {
      kernel.anyMessage.connect(track);
    }
  };
  panel.sessionContext.kernelChanged.connect(follow);
  panel.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'restarting' || status === 'autorestarting' || status === 'dead') {
      open.clear(); // nothing sent before a restart will be answered
    }
  });
  follow();
  // Settled: nothing open on two ticks in a row (a held-back value is sent the moment the
  // message before it is answered, so one empty tick is not enough).
  const settled = () =>
    new Promise((resolve) => {
      const started = performance.now();
      let empty = 0;
      const tick = () => {
        empty = open.size === 0 ? empty + 1 : 0;
        if (empty >= 2 || performance.now() - started > SETTLE_LIMIT_MS) {
          resolve();
        } else {
          setTimeout(tick, SETTLE_TICK_MS);
        }
      };
      setTimeout(tick, 0);
    });
  const released = new WeakSet();
  panel.node.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest(WIDGET_BUTTON) : null;
      if (!button || released.has(button) || open.size === 0) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      void settled().then(() => {
        released.add(button);
        try {
          button.click();
        } finally {
          released.delete(button);
        }
      });
    },
    true // before the button's own handler sends the click
  );
}

function watch(panel) {
  if (!isCourse(panel)) {
    return;
  }
  panel.addClass(COURSE_CLASS);
  clicksWaitForAnswers(panel);
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

const runOnOpen = {
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

// ---------------------------------------------------------------------------- course mode

// Closing a course tab shuts its kernel (when no other view shows that notebook): an idle
// lesson kernel holds 70-80 MB, and learners never think of "Shut Down Kernel".
function shutDownOnClose(panel) {
  const session = panel.sessionContext;
  session.kernelPreference = { ...session.kernelPreference, shutdownOnDispose: true };
}

// The course file a link in a notebook points at, or null: JupyterLab rewrites a relative
// link ("05_documentation.ipynb") to the server's files/ address; a bare relative link is
// read against the notebook's folder.
function linkedFile(link, notebookPath) {
  const written = link.getAttribute('href') || '';
  const url = new URL(link.href, window.location.href);
  const files = new URL(`${PageConfig.getBaseUrl().replace(/\/?$/, '/')}files/`, url).pathname;
  if (url.origin === window.location.origin && url.pathname.startsWith(files)) {
    return decodeURIComponent(url.pathname.slice(files.length));
  }
  if (!/^[a-z]+:|^\/|^#/i.test(written)) {
    return PathExt.resolve(PathExt.dirname(notebookPath), written.split(/[?#]/)[0]).replace(/^\//, '');
  }
  return null;
}

// "Next: Lesson 5" opens lesson 5 in a tab beside this one and closes this one (and so its
// kernel): walking the course keeps one lesson, not a tab and a kernel per lesson.
function nextInPlace(app, panel) {
  panel.node.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // a modified click still opens a new tab, as everywhere in Lab
      }
      const path = linkedFile(link, panel.context.path);
      if (!path || !path.endsWith('.ipynb') || path === panel.context.path) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      void app.commands
        .execute('docmanager:open', { path, options: { ref: panel.id, mode: 'tab-after' } })
        .then((opened) => {
          if (opened && opened !== panel && !panel.isDisposed) {
            panel.close();
          }
        });
    },
    true // before JupyterLab's own link handler opens a new tab
  );
}

// Exercise answer files (exNN_*.json beside exNN_*.ipynb) are read by the exercise, never
// opened by the learner. Any filter the file browser sets later (its filter box) is kept.
function hideTwins(browser) {
  const model = browser.model;
  const isTwin = (item) =>
    item.type !== 'directory' && /^ex\d+_.*\.json$/.test(item.name);
  const setFilter = model.setFilter.bind(model);
  model.setFilter = (filter) => setFilter((item) => (isTwin(item) ? null : filter(item)));
  model.setFilter(() => ({}));
}

// Removes from a menu (and its submenus) every item whose command fails `keep`, and empty
// submenus; returns the commands removed.
function pruneMenu(menu, keep) {
  const removed = new Set();
  for (const item of [...menu.items]) {
    if (item.type === 'submenu' && item.submenu) {
      for (const command of pruneMenu(item.submenu, keep)) {
        removed.add(command);
      }
      if (!item.submenu.items.some((inner) => inner.type !== 'separator')) {
        menu.removeItem(item);
      }
    } else if (item.type === 'command' && !keep(item.command)) {
      removed.add(item.command);
      menu.removeItem(item);
    }
  }
  return removed;
}

// The File menu keeps what a learner needs; no menu offers a command never meant for them.
function pruneMenus(mainMenu, never) {
  for (const command of pruneMenu(mainMenu.fileMenu, (c) => LEARNER_FILE_MENU.includes(c))) {
    never.add(command);
  }
  for (const menu of mainMenu.menus) {
    pruneMenu(menu, (c) => !never.has(c));
  }
}

// The programmer menus leave the menu bar while a course document is current and come back
// in their places for any other document (CSS hiding alone left them one arrow key away).
function programmerMenusFollow(mainMenu) {
  const removed = [];
  return (course) => {
    if (course && removed.length === 0) {
      const order = mainMenu.menus.slice();
      for (const menu of order) {
        if (PROGRAMMER_MENUS.includes(menu.id)) {
          removed.push({ menu, at: order.indexOf(menu) });
        }
      }
      for (const { menu } of removed) {
        menu.close();
        mainMenu.removeMenu(menu);
      }
    } else if (!course && removed.length > 0) {
      for (const { menu, at } of removed.splice(0)) {
        mainMenu.insertMenu(Math.min(at, mainMenu.menus.length), menu);
      }
    }
  };
}

// A key reaches a command through Lumino's key bindings; this vetoes, before JupyterLab sees
// the key, every binding the key could complete that is never a learner's, and, in a course
// document, every binding but KEYS_ON_COURSE (Shift+Enter, Ctrl+Enter, 0 0, I I, Enter...).
// (Not holdKeyBindingExecution: JupyterLab's own keydown handler replaces any hold.)
function keysStayOffCourse(commands, never) {
  const canFire = (binding, target) => {
    try {
      return Boolean(target.closest(binding.selector));
    } catch {
      return true; // a selector the browser cannot read: assume it could fire
    }
  };
  window.addEventListener(
    'keydown',
    (event) => {
      const stroke = CommandRegistry.keystrokeForKeydownEvent(event);
      const target = event.target instanceof Element ? event.target : document.body;
      if (!stroke) {
        return;
      }
      const inCourse = Boolean(target.closest(`.${COURSE_CLASS}`));
      const vetoed = commands.keyBindings.some(
        (binding) =>
          binding.keys.includes(stroke) &&
          canFire(binding, target) &&
          (never.has(binding.command) || (inCourse && !KEYS_ON_COURSE.includes(binding.command)))
      );
      if (vetoed) {
        // Lumino ignores a keydown whose default is prevented; the browser's own action
        // is lost only where Lumino would have prevented it anyway (a binding matches).
        event.preventDefault();
      }
    },
    true // before the application's own keydown listener
  );
}

// Right-click in a course document: the browser's menu, not JupyterLab's (Run, Restart
// Kernel, Cut/Paste Cells...).
function noCourseContextMenu(panel) {
  panel.node.addEventListener('contextmenu', (event) => event.stopPropagation());
}

const learnerView = {
  id: 'cpt97530-course:course-mode',
  description: 'Shows a learner only the course (CPT97530_COURSE_MODE=off shows all of Lab).',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ILabShell, IMainMenu, IDefaultFileBrowser, IDocumentManager],
  activate: (app, tracker, labShell, mainMenu, browser) => {
    if (!courseMode()) {
      return;
    }
    document.body.classList.add(MODE_CLASS);
    const never = new Set(NEVER_FOR_LEARNERS);
    let menusFollow = () => {};
    if (mainMenu) {
      // Menus are filled by plugins that may start after this one: prune once all are up.
      void app.restored.then(() => pruneMenus(mainMenu, never));
      // A right-click menu (file browser, tab bar) is built afresh each time it opens, and an
      // open Lumino menu closes when an item goes: close it, prune it, open it again there.
      if (app.contextMenu.opened) {
        app.contextMenu.opened.connect(() => {
          const menu = app.contextMenu.menu;
          const hasNever = (m) =>
            m.items.some((item) =>
              item.submenu ? hasNever(item.submenu) : never.has(item.command)
            );
          if (!hasNever(menu)) {
            return;
          }
          const { left, top } = menu.node.getBoundingClientRect();
          menu.close();
          pruneMenu(menu, (c) => !never.has(c));
          if (menu.items.some((item) => item.type !== 'separator')) {
            menu.open(left, top);
          }
        });
      }
      menusFollow = programmerMenusFollow(mainMenu);
    }
    keysStayOffCourse(app.commands, never);
    const showing = () => {
      const current = labShell ? labShell.currentWidget : tracker.currentWidget;
      const course = Boolean(current && current.hasClass && current.hasClass(COURSE_CLASS));
      document.body.classList.toggle(CURRENT_CLASS, course);
      menusFollow(course);
    };
    if (labShell) {
      labShell.currentChanged.connect(showing);
    }
    tracker.widgetAdded.connect((_, panel) => {
      void panel.context.ready.then(() => {
        if (isCourse(panel)) {
          shutDownOnClose(panel);
          nextInPlace(app, panel);
          noCourseContextMenu(panel);
          showing();
        }
      });
    });
    if (browser) {
      hideTwins(browser);
    }
  }
};

export default [runOnOpen, learnerView];
