"""credrec infrastructure: the Pulumi program (``infra.stack.build``) and what it is made of.

Modules: ``config`` (stack config, validated once), ``naming`` (physical names), ``environment``
(the function's settings), ``fc_package`` + ``checksum`` (the FC code archive), ``policies`` (RAM and
bucket policy documents and their rules), ``components`` (one ComponentResource per concern),
``stack`` (wiring and outputs).
"""
