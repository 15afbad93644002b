"""Read models of complaint-intake (查询): a department's queue, one complaint, stats, and
what a receipt code shows. They read rows directly and never write."""
