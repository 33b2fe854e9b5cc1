"""spacedesign: plan, check, compare and book the renovated 1F of Nakano Industrial Promotion Center."""
__version__ = "0.1.0"
