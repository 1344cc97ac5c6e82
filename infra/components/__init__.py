"""One ``pulumi.ComponentResource`` per concern; each takes typed Args and parents its children."""
