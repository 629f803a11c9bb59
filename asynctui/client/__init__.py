"""The client side: the local replica (folded state, search, outbox) and syncing."""
