"""Publishing: swap a validated build in for analysts, or record its rejection (`swap.publish`, `swap.record_rejection`)."""
