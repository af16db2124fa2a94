"""Executes a Jupyter notebook with nbconvert's ExecutePreprocessor (nbclient), as
`jupyter nbconvert --to notebook --execute` does, and writes the executed copy.

    /usr/bin/python3 execute.py IN.ipynb OUT.ipynb [TIMEOUT_SECONDS]

One difference: after a cell's kernel reports idle, outputs of that cell that
arrive within a short grace period are still recorded. Deno's kernel can publish
a cell's result just after its idle status (its output broadcast is not awaited),
and nbclient drops such late messages, so a cell would look empty at random
while JupyterLab, which routes messages by parent, shows its output.
"""
import os
import queue
import sys

import nbformat
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import ExecutePreprocessor

GRACE_SECONDS = 0.5


class GraceExecutePreprocessor(ExecutePreprocessor):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg['parent_header'].get('msg_id') != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                break
        # late outputs of this cell (published after its idle status)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=GRACE_SECONDS))
            except queue.Empty:
                return
            if msg['parent_header'].get('msg_id') != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    nb = nbformat.read(src, as_version=4)
    ep = GraceExecutePreprocessor(timeout=timeout, kernel_name=nb.metadata.get('kernelspec', {}).get('name', 'deno'))
    try:
        ep.preprocess(nb, {'metadata': {'path': os.path.dirname(os.path.abspath(src))}})
    finally:
        nbformat.write(nb, dst)


if __name__ == '__main__':
    main()
