"""Publishing: swap a validated build in for analysts, or record its rejection (`swap.publish_if_valid`)."""
