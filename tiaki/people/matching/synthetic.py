def synthetic_set(*, size, seed):
    raise NotImplementedError


def write_febrl(p, rows):
    raise NotImplementedError
