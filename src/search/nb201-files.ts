/** Where the NAS-Bench-201 CIFAR-10 results live in the data directory, per fidelity (epochs), and their columns. */
import type { FidelityColumns } from './benchmark.js';

export const NB201_FOLDER = 'nasbench201-cifar10';

export const NB201_FILES: Record<number, Omit<FidelityColumns, 'step'>> = {
  200: { file: 'nb201_200epoch_cifar10valid_extras.csv', archCol: 'arch', validCol: 'cifar10valid_valid_acc', testCol: 'cifar10valid_test_acc', costCol: 'cifar10valid_train_time_total_s' },
  12: { file: 'nb201_12epoch_cifar10valid.csv', archCol: 'arch', validCol: 'cifar10valid_valid_acc_12epoch', costCol: 'cifar10valid_train_time_12epoch_s' },
};
