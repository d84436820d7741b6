// A widget button's click waits for the kernel (the Voila page; the lab extension's
// clicksWaitForAnswers does the same in JupyterLab). ipywidgets sends a click at once, while
// a value the learner has just changed may still wait in its one-sync-in-flight throttle
// (jupyter-widgets/ipywidgets#1382): the kernel would grade the answer before the change.
// Voila gives a page no handle on its kernel connection, so this watches the page's kernel
// WebSocket: a click on a widget button waits until every widget message already sent is
// answered (the kernel's "idle" for it), at most 10 s. Loaded before Voila's own scripts.
(function () {
  'use strict';
  const NativeWebSocket = window.WebSocket;
  const KERNEL_CHANNELS = /\/api\/kernels\/[^/?]+\/channels/;
  const V1 = 'v1.kernel.websocket.jupyter.org';
  const WIDGET_BUTTON = 'button.jupyter-button, button.widget-button';
  const SETTLE_TICK_MS = 25;
  const SETTLE_LIMIT_MS = 10000;
  const open = new Set(); // ids of widget messages the kernel has not finished
  const decoder = new TextDecoder('utf8');

  // The parts of a kernel message wanted here, from either wire format: JSON text (or the
  // legacy binary frame: JSON after big-endian 32-bit offsets), or the v1 binary frame
  // (little-endian 64-bit offsets, then channel, header, parent header, metadata, content).
  function bytes(data) {
    if (data instanceof ArrayBuffer) {
      return data;
    }
    if (ArrayBuffer.isView(data)) {
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    }
    return null;
  }
  function parts(data, protocol, wanted) {
    if (typeof data === 'string') {
      const msg = JSON.parse(data);
      return { header: msg.header, parent_header: msg.parent_header, content: msg.content };
    }
    const buffer = bytes(data);
    if (!buffer) {
      return null;
    }
    const view = new DataView(buffer);
    if (protocol !== V1) {
      const start = view.getUint32(4);
      const end = view.getUint32(8);
      const msg = JSON.parse(decoder.decode(new Uint8Array(buffer, start, end - start)));
      return { header: msg.header, parent_header: msg.parent_header, content: msg.content };
    }
    const part = (i) => {
      const start = Number(view.getBigUint64(8 * (i + 1), true));
      const end = Number(view.getBigUint64(8 * (i + 2), true));
      return JSON.parse(decoder.decode(new Uint8Array(buffer, start, end - start)));
    };
    const found = { header: part(1) };
    if (wanted(found.header)) {
      found.parent_header = part(2);
      found.content = part(4);
    }
    return found;
  }

  const isStatus = (header) => header.msg_type === 'status';

  function sent(socket, data) {
    try {
      const msg = parts(data, socket.protocol, () => false);
      if (msg && msg.header.msg_type === 'comm_msg') {
        open.add(msg.header.msg_id);
      }
    } catch (error) {
      // A frame this cannot read is still sent; only the wait is lost.
    }
  }

  function received(socket, data) {
    try {
      const msg = parts(data, socket.protocol, isStatus);
      if (
        msg &&
        isStatus(msg.header) &&
        msg.content.execution_state === 'idle' &&
        msg.parent_header
      ) {
        open.delete(msg.parent_header.msg_id);
      }
    } catch (error) {
      // As above: never in the way of the page's own handling.
    }
  }

  class CourseWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.cptKernel = KERNEL_CHANNELS.test(String(url));
      if (this.cptKernel) {
        this.addEventListener('message', (event) => received(this, event.data));
        this.addEventListener('close', () => open.clear()); // nothing more will be answered
      }
    }

    send(data) {
      if (this.cptKernel) {
        sent(this, data);
      }
      super.send(data);
    }
  }
  window.WebSocket = CourseWebSocket;

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
  document.addEventListener(
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
})();
