"""Minutes drafted from the assembly's record, approved and locked."""
