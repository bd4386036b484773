"""What belongs to the whole graph rather than to one source: ids, tasks, links, paging, errors."""
