"""The desktop app (PySide6): views of the document and undo commands that edit it.

Nothing here computes a shape: the engine does, and the views show its results.
"""
