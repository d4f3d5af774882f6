//! Ordering by dependency, for formulas (each after those it calls) and
//! `on change of` rules (each after those that change what it watches).

/// An order of the nodes `0..edges.len()` in which every node comes after
/// those it points to (`edges[n]`), or a loop (its nodes, the first repeated
/// at the end). Nodes are started in index order, so the order keeps the
/// file's order wherever the edges allow. Iterative, so that a long chain
/// cannot exhaust the stack.
pub fn topological(edges: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    // 0: not seen, 1: on the current path, 2: done.
    let mut mark = vec![0u8; edges.len()];
    let mut order = Vec::new();
    for start in 0..edges.len() {
        if mark.get(start) != Some(&0) {
            continue;
        }
        // Each frame: a node and how many of the nodes it points to have been visited.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(m) = mark.get_mut(start) {
            *m = 1;
        }
        while let Some((node, next)) = stack.last().copied() {
            let callees = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            match callees.get(next).copied() {
                Some(callee) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    match mark.get(callee).copied() {
                        Some(0) => {
                            if let Some(m) = mark.get_mut(callee) {
                                *m = 1;
                            }
                            stack.push((callee, 0));
                        }
                        Some(1) => {
                            let from = stack.iter().position(|(n, _)| *n == callee).unwrap_or(0);
                            let mut cycle: Vec<usize> =
                                stack.iter().skip(from).map(|(n, _)| *n).collect();
                            cycle.push(callee);
                            return Err(cycle);
                        }
                        _ => {}
                    }
                }
                None => {
                    stack.pop();
                    if let Some(m) = mark.get_mut(node) {
                        *m = 2;
                    }
                    order.push(node);
                }
            }
        }
    }
    Ok(order)
}
