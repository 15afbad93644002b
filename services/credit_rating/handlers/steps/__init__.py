"""Steps several use cases share (共用步骤): none is a use case of its own.

Facts read from rows, re-grading, keeping the lists, storing a record, registering or
settling a commitment, putting an entity on the 经营异常名录, writing a batch's rows.
A use case (``handlers/<use case>.py``) imports these, never another use case's file.
"""
