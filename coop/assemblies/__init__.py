"""General assemblies: convening, agenda, attendance and quorum."""
