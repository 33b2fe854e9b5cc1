"""spacedesign: plan, check, compare and book the renovated 1F of Nakano IPC."""
__version__ = "0.1.0"
