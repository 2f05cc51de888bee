    line for start & end
    // <tag1>
    line1
    // </tag1>
 	line for indent & range
