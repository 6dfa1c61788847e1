"""Ingest a corpus directory into the index: ``python ingest.py [DIR]`` (same as ``rag ingest``)."""

import sys

from rag.cli import main

if __name__ == "__main__":
    main(["ingest", *sys.argv[1:]])
