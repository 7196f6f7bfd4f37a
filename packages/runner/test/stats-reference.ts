/** The reference samples of issue #11: final scores of two variants, 10 seeds each. */
export const A = [500, 500, 487.5, 21.3, 500, 310.2, 455, 499.9, 12, 500];
export const B = [9.8, 10.2, 35.5, 120, 9.5, 11, 180.25, 10, 9.9, 500];
