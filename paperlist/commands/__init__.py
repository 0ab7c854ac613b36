"""The commands of the command line, one module per group; ``paperlist.cli`` holds the group itself."""
