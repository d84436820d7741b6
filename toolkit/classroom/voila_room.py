"""Voila's kernels, kept in check for `make voila` (one learner, or a demo on a projector).

Every Voila page load starts a kernel. `make voila` therefore culls kernels whose page has
gone (idle for CPT97530_VOILA_IDLE_SECONDS, default 300, with no page connected) and caps
how many run at once (CPT97530_VOILA_MAX_KERNELS, default 20): past the cap a new page is
refused with a message instead of slowing everyone down. A room of learners belongs on
`make hub`, where each learner has their own server.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

FULL = (
    "This course server already has {n} lessons open, its limit. Close a lesson tab you "
    "no longer use, or ask your instructor (a whole room should use the classroom hub)."
)


class CappedKernelManager(AsyncMappingKernelManager):
    max_kernels = Integer(20, config=True, help="Most kernels (open lesson pages) at one time.")

    async def start_kernel(self, *args, **kwargs):
        if kwargs.get("kernel_id") is None and len(self.list_kernel_ids()) >= self.max_kernels:
            # The reason is what Voila's error page shows (it hides details otherwise).
            raise web.HTTPError(503, reason=FULL.format(n=self.max_kernels))
        return await super().start_kernel(*args, **kwargs)
