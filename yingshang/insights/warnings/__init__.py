"""Early warning: detector runs over the appeal count cube, warnings and their handling."""
